// A real OpenAPI 3.x validator from npm, for the tests outside this folder (packages resolve
// from here).
export { Validator } from "@seriousme/openapi-schema-validator";
