# Production image: builds API and web, then runs the API (which serves the web app) on PORT.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
RUN npx nx run-many -t build --projects=api,web --outputStyle=static

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production WEB_ROOT=/app/web PORT=3000
COPY --from=build /app/dist/apps/api/package.json /app/dist/apps/api/package-lock.json ./
COPY .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts node-pg-migrate@9.0.0 pg@8.23.1 @node-rs/argon2@2.2.1
COPY --from=build /app/dist/apps/api ./
COPY --from=build /app/dist/apps/web/browser ./web
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/tools/db.mjs /app/tools/seed.mjs /app/tools/seed-data.mjs /app/tools/seed-data.de.mjs /app/tools/migrate.mjs /app/tools/users.mjs /app/tools/docker-entrypoint.mjs ./tools/
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "tools/docker-entrypoint.mjs"]
