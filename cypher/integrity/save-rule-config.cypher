// Stores the configuration of rule $rule ({enabled, level, threshold}).
MERGE (r:IntegrityRuleConfig {rule: $rule})
SET r.enabled = $enabled,
    r.level = $level,
    r.threshold = $threshold,
    r.updatedBy = $actor,
    r.updatedAt = datetime($now)
RETURN r { .* } AS config
