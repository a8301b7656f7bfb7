import { ExpressService } from "../src";

/** A public web app on ECS Express Mode: HTTPS endpoint, load balancing and scaling managed by ECS. */
export function program() {
  const app = new ExpressService("hello", {
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/hello:1.0.0",
    containerPort: 3000,
    healthCheckPath: "/health",
    environment: { NODE_ENV: "production" },
    minCapacity: 1,
    maxCapacity: 4,
  });
  return { url: app.url };
}
