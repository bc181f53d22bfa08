// One configuration node per integrity rule.
CREATE CONSTRAINT integrity_rule_config IF NOT EXISTS
FOR (r:IntegrityRuleConfig) REQUIRE r.rule IS UNIQUE
