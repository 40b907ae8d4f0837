export { createRestRouter, DEFAULT_REST_PORT, type RestServer, type RestServerOptions, startRestServer } from "./server";
