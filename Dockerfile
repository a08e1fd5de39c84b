# Builds the plugin from source and runs it in Grafana: the host needs nothing but Docker.
ARG grafana_image=grafana/grafana
ARG grafana_version=12.3.0

FROM node:22-bookworm AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .config ./.config
COPY tsconfig.json webpack.config.ts README.md LICENSE CHANGELOG.md ./
COPY src ./src
RUN npm run build

FROM golang:1.26-bookworm AS backend
ARG TARGETARCH
WORKDIR /build
COPY go.mod go.sum Magefile.go ./
COPY pkg ./pkg
COPY src/plugin.json ./src/plugin.json
COPY src/datasource/plugin.json ./src/datasource/plugin.json
RUN go run github.com/magefile/mage -v build:custom linux ${TARGETARCH:-amd64}

FROM ${grafana_image}:${grafana_version}
COPY --from=frontend /build/dist /var/lib/grafana/plugins/seed-serverless-app
COPY --from=backend /build/dist/datasource/ /var/lib/grafana/plugins/seed-serverless-app/datasource/
