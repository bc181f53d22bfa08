// The stored pages of an RFC assessment's impacted CIs, found by RFC, assessment and the sort key
// of each page's last CI (ADR 014): a page of the assessment's impact reads one or two of them.
CREATE INDEX rfc_impact_page IF NOT EXISTS
FOR (p:RfcImpactPage) ON (p.rfcId, p.assessment, p.last)
