// The stored configuration of the integrity rules (rules never configured have none).
MATCH (r:IntegrityRuleConfig)
RETURN r { .* } AS config
