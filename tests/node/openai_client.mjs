// The official `openai` npm client, for the tests outside this folder (Node resolves packages
// from the importing file's folder, and they are installed here).
export { default as OpenAI, APIError } from "openai";
