# The API as a container image: `docker compose up` (docker-compose.yml) runs two replicas behind a proxy.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src src
COPY migrations migrations
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
