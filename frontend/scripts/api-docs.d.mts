import type { Plugin } from "vite";

export function apiDocs(): Plugin;
