import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { grantedRoles, parseNewUser, rolesBeyond } from "../../src/domain/user/user.js";

describe("users", () => {
  it("are named canonically: letter case and Unicode compatibility forms are one name", () => {
    for (const spelling of ["Ada", "ADA", " ada ", "\uFF21\uFF24\uFF21"]) {
      expect(parseNewUser({ name: spelling, roles: ["reader"] }).name).toBe("ada");
    }
  });

  it("refuse a bad name, no role, an unknown role, or a display name with control characters", () => {
    const refused: [Parameters<typeof parseNewUser>[0], string][] = [
      [{ name: "a b", roles: ["READER"] }, "name"],
      [{ name: "a:b", roles: ["READER"] }, "name"],
      [{ name: "ada", roles: [] }, "roles"],
      [{ name: "ada", roles: ["ROOT"] }, "roles"],
      [{ name: "ada", roles: ["READER"], displayName: "Ada\u202E" }, "displayName"],
    ];
    for (const [input, field] of refused) {
      let error: unknown = null;
      try {
        parseNewUser(input);
      } catch (e) {
        error = e;
      }
      expect([input.name, error instanceof ValidationError && error.field]).toEqual([
        input.name,
        field,
      ]);
    }
  });

  it("may be given the roles theirs satisfy: ADMIN every role, every role READER", () => {
    expect(rolesBeyond(["READER", "APPROVER"], ["APPROVER"])).toEqual([]);
    expect(rolesBeyond(["EDITOR", "ADMIN"], ["APPROVER"])).toEqual(["EDITOR", "ADMIN"]);
    expect(rolesBeyond(["EDITOR", "APPROVER", "READER"], ["ADMIN"])).toEqual([]);
    expect(grantedRoles(["APPROVER", "ADMIN", "READER"], ["APPROVER"])).toEqual([
      "APPROVER",
      "READER",
    ]);
  });
});
