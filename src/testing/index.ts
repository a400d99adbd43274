// vite-plugin-liveview/testing: helpers to test handlers.
export {
  createTestConsumer,
  type TestConsumer,
  type TestConsumerOptions,
} from "./test-consumer.ts";
export {
  connectTestClient,
  type TestClient,
  type TestClientOptions,
} from "./test-client.ts";
export {
  createTestApp,
  type TestApp,
  type TestAppOptions,
  type TestFile,
  type TestMessage,
  type TestResult,
} from "./test-app.ts";
