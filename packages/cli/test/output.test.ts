import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { paintState, paletteFor } from "../src/output/color.js";
import { csvField, csvRow } from "../src/output/csv.js";
import { JsonArrayWriter, Printer, renderDocument } from "../src/output/printer.js";
import { renderFields, renderTable, truncate } from "../src/output/table.js";
import { formatTime } from "../src/output/time.js";

class Capture extends Writable {
  text = "";
  isTTY?: boolean;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const plain = paletteFor({ isTTY: false }, {});

describe("colour", () => {
  it("is used only on a terminal, and never with NO_COLOR or TERM=dumb", () => {
    expect(paletteFor({ isTTY: true }, {}).enabled).toBe(true);
    expect(paletteFor({ isTTY: true }, { NO_COLOR: "1" }).enabled).toBe(false);
    expect(paletteFor({ isTTY: true }, { TERM: "dumb" }).enabled).toBe(false);
    expect(paletteFor({ isTTY: false }, {}).enabled).toBe(false);
    expect(paletteFor({}, {}).enabled).toBe(false);
  });

  it("paints states by meaning", () => {
    const color = paletteFor({ isTTY: true }, {});
    expect(paintState(color, "ACTIVE")).toBe("\u001b[32mACTIVE\u001b[39m");
    expect(paintState(color, "REJECTED")).toBe("\u001b[31mREJECTED\u001b[39m");
    expect(paintState(plain, "ACTIVE")).toBe("ACTIVE");
  });
});

describe("tables", () => {
  it("aligns columns, leaves the last unpadded and trims trailing space", () => {
    const table = renderTable(
      ["ID", "STATE", "REASON"],
      [
        ["req_1", "ACTIVE", "short"],
        ["req_22", "PENDING", ""],
      ],
      plain,
    );
    expect(table).toBe(["ID      STATE    REASON", "req_1   ACTIVE   short", "req_22  PENDING"].join("\n"));
  });

  it("aligns coloured cells by their visible width", () => {
    const color = paletteFor({ isTTY: true }, {});
    const lines = renderTable(
      ["A", "B"],
      [
        [color.green("xx"), "1"],
        ["yyyy", "2"],
      ],
      color,
    ).split("\n");
    expect(lines[1]).toBe(`${color.green("xx")}    1`);
  });

  it("aligns field values", () => {
    expect(
      renderFields(
        [
          ["ID", "req_1"],
          ["Last error", "-"],
        ],
        plain,
      ),
    ).toBe("ID:         req_1\nLast error: -");
  });

  it("truncates long text to one line", () => {
    expect(truncate("a\nb", 10)).toBe("a b");
    expect(truncate("abcdefghijk", 5)).toBe("abcd…");
  });

  it("shows times to the second in UTC", () => {
    expect(formatTime("2026-03-20T18:00:00.000Z")).toBe("2026-03-20T18:00:00Z");
    expect(formatTime(null)).toBe("-");
  });
});

describe("CSV (RFC 4180)", () => {
  it("quotes fields with commas, quotes, CR or LF and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(null)).toBe("");
    expect(csvField(42)).toBe("42");
  });

  it("ends rows with CRLF", () => {
    expect(csvRow(["id", 'x"y', null])).toBe('id,"x""y",\r\n');
  });

  it("round-trips through a strict reader", () => {
    const values = ['{"reason":"a, b"}', "line1\r\nline2", '""', "", "plain"];
    expect(parseCsvRow(csvRow(values))).toEqual(values);
  });
});

describe("documents", () => {
  it("streams a JSON array that equals JSON.stringify's", async () => {
    const items = [{ a: 1, b: [1, 2] }, { c: "x\ny" }, {}];
    for (const list of [items, []]) {
      const out = new Capture();
      const writer = new JsonArrayWriter(
        new Printer("json", false, { stdout: out, stderr: new Capture() }, {}),
      );
      for (const item of list) await writer.add(item);
      await writer.end();
      expect(out.text).toBe(`${JSON.stringify(list, null, 2)}\n`);
    }
  });

  it("renders YAML", async () => {
    expect(await renderDocument({ id: "req_1", list: [] }, "yaml")).toBe("id: req_1\nlist: []\n");
  });

  it("prints -q values, documents or human text as asked", async () => {
    const show = async (format: "table" | "json", quiet: boolean) => {
      const out = new Capture();
      await new Printer(format, quiet, { stdout: out, stderr: new Capture() }, {}).emit({
        document: { id: "req_1" },
        quiet: () => ["req_1", "req_2"],
        human: () => "Request req_1",
      });
      return out.text;
    };
    expect(await show("table", false)).toBe("Request req_1\n");
    expect(await show("json", false)).toBe('{\n  "id": "req_1"\n}\n');
    expect(await show("table", true)).toBe("req_1\nreq_2\n");
    expect(await show("json", true)).toBe("req_1\nreq_2\n");
  });
});

/** A strict RFC 4180 reader for one CRLF-terminated row, to check the writer against. */
function parseCsvRow(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        if (text[i] === '"') i++;
        field += text[i++];
      }
      i++;
    } else {
      while (text[i] !== "," && text[i] !== "\r") field += text[i++];
    }
    fields.push(field);
    if (text[i] === "\r") break;
    i++;
  }
  return fields;
}
