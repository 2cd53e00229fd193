import { describe, expect, test } from "vitest";
import { RegoObject, RegoSet } from "../../src/value/index.js";
import { call, failure, v } from "./call.js";

/** sprintf with JSON arguments; "#text" is a number with that literal text. */
const sprintf = (format: string, ...args: unknown[]) => call("sprintf", v(format), args.map(v));

describe("sprintf integers (int64 and *big.Int)", () => {
  test("verbs and bases", () => {
    expect(sprintf("%d %v %b %o %O %x %X", 10, 10, 5, 8, 8, 255, 255)).toBe("10 10 101 10 0o10 ff FF");
    expect(sprintf("%#b %#o %#x %#X", 5, 8, 255, 255)).toBe("0b101 010 0xff 0XFF");
    expect(sprintf("%c %q %U %#U", 65, 65, 128512, 65)).toBe("A 'A' U+1F600 U+0041 'A'");
    expect(sprintf("%x", -255)).toBe("-ff");
  });

  test("width, flags and precision", () => {
    expect(sprintf("[%5d][%-5d][%05d][%+d][% d]", 42, 42, -42, 5, 5)).toBe("[   42][42   ][-0042][+5][ 5]");
    expect(sprintf("[%.3d][%8.3d][%.0d][%-05d]", 7, 5, 0, 5)).toBe("[007][     005][][5    ]");
    expect(sprintf("%#08x", 255)).toBe("0x000000ff");
    expect(sprintf("%+v", 5)).toBe("5");
  });

  test("integers beyond 64 bits print exactly", () => {
    expect(sprintf("%d", "#123456789012345678901234567890")).toBe("123456789012345678901234567890");
    expect(sprintf("%s|%v", "#18446744073709551616", "#-18446744073709551616")).toBe(
      "18446744073709551616|-18446744073709551616",
    );
    expect(sprintf("%x %#X", "#18446744073709551616", "#18446744073709551616")).toBe(
      "10000000000000000 0X10000000000000000",
    );
    expect(
      sprintf(
        "[%25d][%-22d][%+.22d]",
        "#18446744073709551616",
        "#18446744073709551616",
        "#18446744073709551616",
      ),
    ).toBe("[     18446744073709551616][18446744073709551616  ][+0018446744073709551616]");
    expect(sprintf("%q", "#18446744073709551616")).toBe("%!q(big.Int=18446744073709551616)");
  });

  test("the number's text decides its Go type, as in OPA", () => {
    expect(sprintf("%d", "#3.000")).toBe("3");
    expect(sprintf("%d", "#1e3")).toBe("%!d(string=1e3)");
    expect(sprintf("%d", "#3.5")).toBe("%!d(float64=3.5)");
    expect(sprintf("%v", "#2e308")).toBe("2e308");
    expect(sprintf("%T %T %T %T", 1, "#1.5", "x", "#18446744073709551616")).toBe(
      "int64 float64 string *big.Int",
    );
  });
});

describe("sprintf floats", () => {
  test("%f %e %g and the shortest %v", () => {
    expect(sprintf("%f|%.2f|%6.2f|%e|%E", 3.5, "#3.14159", "#3.14159", 1234.5678, 1234.5678)).toBe(
      "3.500000|3.14|  3.14|1.234568e+03|1.234568E+03",
    );
    expect(sprintf("%g|%.3g|%G|%v|%v", 1234.5678, 1234.5678, "#0.0000001", "#1.5e10", "#0.000001")).toBe(
      "1234.5678|1.23e+03|1E-07|1.5e+10|1e-06",
    );
  });

  test("fixed precisions round the exact binary value half to even", () => {
    expect(sprintf("%.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, 0.25, 1.005)).toBe("0 2 2 0.2 1.00");
    expect(sprintf("%.20f", 0.1)).toBe("0.10000000000000000555");
  });

  test("signs, zero padding and #", () => {
    expect(sprintf("[%08.3f][%+.1e][% .2f][%-8.2f]", "#-3.14159", 1.5, 2.5, 2.5)).toBe(
      "[-003.142][+1.5e+00][ 2.50][2.50    ]",
    );
    expect(sprintf("%#g|%#.3g|%#.0f", 1.5, 2.5, 3.5)).toBe("1.50000|2.50|4.");
  });

  test("%b and %x", () => {
    expect(sprintf("%b", 1.5)).toBe("6755399441055744p-52");
    expect(sprintf("%x|%X|%.1x|%.1x", 1.5, -0.75, 1.9375, 1.96875)).toBe(
      "0x1.8p+00|-0X1.8P-01|0x1.fp+00|0x1.0p+01",
    );
  });
});

describe("sprintf strings and other values", () => {
  test("%s %q %x with precision and width in runes", () => {
    expect(sprintf("[%s][%5s][%-4s][%.2s]", "hi", "é", "ab", "héllo")).toBe("[hi][    é][ab  ][hé]");
    expect(sprintf("%q|%+q|%#q|%#q", 'a\n"', "é", "hi", "a`b")).toBe('"a\\n\\""|"\\u00e9"|`hi`|"a`b"');
    expect(sprintf("%x|% X|%#x|% #x", "hi", "hi", "hi", "hi")).toBe("6869|68 69|0x6869|0x68 0x69");
  });

  test("non-string values print as Rego text", () => {
    expect(call("sprintf", v("%v"), [[v("there"), v(5), v("#3.14")]])).toBe('["there", 5, 3.14]');
    expect(
      call("sprintf", v("%v %s"), [RegoSet.of(v(2), v(1)), RegoObject.fromEntries([["a", v(null)]])]),
    ).toBe('{1, 2} {"a": null}');
    expect(sprintf("%s %v %d", true, null, false)).toBe("true null %!d(string=false)");
  });
});

describe("sprintf format errors, as Go prints them", () => {
  test("bad verbs, missing and extra arguments", () => {
    expect(sprintf("%d|%s|%z", "hi", 5, "#1.5")).toBe("%!d(string=hi)|%!s(int64=5)|%!z(float64=1.5)");
    expect(sprintf("%d %d", 1)).toBe("1 %!d(MISSING)");
    expect(sprintf("x", 1, "a", "#18446744073709551616")).toBe(
      "x%!(EXTRA int64=1, string=a, *big.Int=18446744073709551616)",
    );
    expect(sprintf("%", 1)).toBe("%!(NOVERB)%!(EXTRA int64=1)");
    expect(sprintf("100%%")).toBe("100%");
  });

  test("argument indexes and * widths", () => {
    expect(sprintf("%[2]d %[1]d", 1, 2)).toBe("2 1");
    expect(sprintf("%[3]d", 1)).toBe("%!d(BADINDEX)");
    expect(sprintf("[%*d][%-*d][%.*f]", 5, 42, 5, 42, 1, 2.25)).toBe("[   42][42   ][2.2]");
    expect(sprintf("%*d", "x", 1)).toBe("%!(BADWIDTH)1");
  });

  test("operand types", () => {
    expect(failure("sprintf", v("%v"), v({}))).toEqual({
      code: "eval_type_error",
      message: "operand 2 must be array but got object",
    });
    expect(failure("sprintf", v(1), v([])).message).toBe("operand 1 must be string but got number");
  });
});
