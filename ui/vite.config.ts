import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// base "./": Docker Desktop (and Rancher/Podman Desktop via file://) load the UI from a copied folder, so absolute
// /assets/ URLs would give a blank tab. `npm run dev` proxies /api to a hub started with `make run`.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "build", emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    port: 3000,
    strictPort: true,
    proxy: { "/api": { target: process.env.HUB_URL ?? "http://127.0.0.1:3010", changeOrigin: true } },
  },
});
