import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { hasAnyRole, parseRoles, ROLES } from "../../src/domain/roles.js";

describe("roles", () => {
  it("every role may read", () => {
    for (const role of ROLES) expect(hasAnyRole([role], ["READER"])).toBe(true);
  });

  it("ADMIN satisfies every role", () => {
    for (const role of ROLES) expect(hasAnyRole(["ADMIN"], [role])).toBe(true);
  });

  it("a READER may not edit, request, approve or administer", () => {
    const refused = ROLES.filter((r) => r !== "READER").filter((r) => hasAnyRole(["READER"], [r]));
    expect(refused).toEqual([]);
  });

  it("EDITOR, REQUESTER and APPROVER do not imply one another", () => {
    expect(hasAnyRole(["EDITOR"], ["APPROVER"])).toBe(false);
    expect(hasAnyRole(["REQUESTER"], ["APPROVER"])).toBe(false);
    expect(hasAnyRole(["APPROVER"], ["EDITOR"])).toBe(false);
    expect(hasAnyRole(["APPROVER", "EDITOR"], ["EDITOR"])).toBe(true);
  });

  it("parses role names case-insensitively and drops repeats", () => {
    expect(parseRoles("roles", ["reader", "Editor", "READER"])).toEqual(["READER", "EDITOR"]);
  });

  it("names the field and the value of an unknown role", () => {
    const error = (() => {
      try {
        parseRoles("roles", ["READER", "superuser"]);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("roles");
    expect((error as ValidationError).value).toBe("superuser");
    expect((error as Error).message).toContain('"superuser"');
  });

  it("refuses an empty role list", () => {
    expect(() => parseRoles("roles", [])).toThrow(/roles: at least one role/);
  });
});
