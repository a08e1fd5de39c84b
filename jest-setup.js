// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// jsdom has no canvas; @grafana/ui's Combobox measures option text with one.
HTMLCanvasElement.prototype.getContext = () => ({ measureText: (text) => ({ width: text.length * 7 }) });

// jsdom has no IntersectionObserver; @grafana/scenes' lazy loader creates one when it loads.
global.IntersectionObserver = class IntersectionObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
};
