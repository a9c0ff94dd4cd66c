import { describe, expect, it } from "vitest";
import { message, result } from "./events.ts";
import { createJsonlParser } from "./jsonl-parser.ts";

function knownTypesParser() {
  return createJsonlParser({
    map(event) {
      if (event.type === "note") return [message(String(event.text), "assistant")];
      if (event.type === "done") return [result({ success: true })];
      if (event.type === "ping") return [];
      return undefined;
    },
  });
}

describe("createJsonlParser", () => {
  it("keeps lines it cannot interpret as role-less messages and never throws", () => {
    const parser = knownTypesParser();
    expect(parser.pushLine('{"type":"note","text":"hi"}', "stdout")).toEqual([{ type: "message", role: "assistant", text: "hi" }]);
    expect(parser.pushLine("Loading config…", "stdout")).toEqual([{ type: "message", text: "Loading config…" }]);
    expect(parser.pushLine('{"type":"brand_new_event","x":1}', "stdout")).toEqual([{ type: "message", text: '{"type":"brand_new_event","x":1}' }]);
    expect(parser.pushLine("[1,2,3]", "stdout")).toEqual([{ type: "message", text: "[1,2,3]" }]);
    expect(parser.pushLine('{"type":"note",', "stdout")).toEqual([{ type: "message", text: '{"type":"note",' }]);
    expect(parser.pushLine('{"type":"ping"}', "stdout")).toEqual([]);
    expect(parser.pushLine("   ", "stdout")).toEqual([]);
    expect(parser.pushLine('{"type":"note","text":"on stderr"}', "stderr")).toEqual([]);
  });

  it("reports the agent's own result once, and adds none at exit after it", () => {
    const parser = knownTypesParser();
    expect(parser.pushLine('{"type":"done"}', "stdout")).toEqual([{ type: "result", success: true }]);
    expect(parser.finish(0)).toEqual([]);
  });

  it("falls back to the exit code, explained by the last stderr line, when the stream carried no result", () => {
    const parser = knownTypesParser();
    parser.pushLine("Error: invalid API key", "stderr");
    parser.pushLine("", "stderr");
    expect(parser.finish(1)).toEqual([{ type: "result", success: false, summary: "Error: invalid API key" }]);
    expect(knownTypesParser().finish(0)).toEqual([{ type: "result", success: true }]);
  });

  it("clips long text in events; the raw line keeps all of it", () => {
    const [event] = knownTypesParser().pushLine(JSON.stringify({ type: "note", text: "x".repeat(5000) }), "stdout");
    expect(event).toEqual({ type: "message", role: "assistant", text: `${"x".repeat(4000)}… [1000 more characters]` });
  });
});
