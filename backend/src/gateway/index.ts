export { createGateway, startGateway, type GatewayOptions } from "./gateway.js";
export { GATEWAY_BODY_LIMIT } from "./request.js";
export { toGatewayCard } from "./gatewayCard.js";
