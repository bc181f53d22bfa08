/** Saved operations for the questions a change assessor asks most; each runs on the demo estate. */
export interface ExampleOperation {
  readonly title: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

// Short lines: the editor shows about 36 characters beside an open side pane.
export const EXAMPLES: readonly ExampleOperation[] = [
  {
    title: "What does a change to a CI hit?",
    query: `# What a change to these CIs
# impacts, how badly and why,
# and the business services hit.
query ImpactOfAChange(
  $keys: [String!]!
  $depth: Int
) {
  impactAnalysis(
    input: {
      ciKeys: $keys
      maxDepth: $depth
    }
  ) {
    counts {
      down
      degraded
      atRisk
    }
    truncated
    businessServices {
      configurationItem {
        key
        name
        criticality
      }
      impactLevel
      distance
    }
    impacted {
      configurationItem { key type }
      impactLevel
      distance
      pathRelationshipTypes
      path { key }
    }
  }
}`,
    variables: { keys: ["db-orders"], depth: 6 },
  },
  {
    title: "Single points of failure of a service",
    query: `# The CIs whose failure alone
# takes the service DOWN
# (redundancy groups honoured).
query SinglePointsOfFailure(
  $service: String!
) {
  singlePointsOfFailure(
    ci: { key: $service }
  ) {
    service {
      key
      name
      criticality
    }
    examined
    truncated
    points {
      configurationItem {
        key
        name
        type
      }
      distance
    }
  }
}`,
    variables: { service: "bs-online-checkout" },
  },
  {
    title: "Open RFCs touching a CI",
    query: `# RFCs still open that touch
# the CI or have it in their
# assessed impact.
query OpenRfcsTouchingACi(
  $key: String!
) {
  rfcs(
    filter: {
      ciKey: $key
      states: [
        DRAFT
        SUBMITTED
        ASSESSED
        APPROVED
        SCHEDULED
      ]
    }
    first: 20
  ) {
    nodes {
      name
      title
      state
      plannedStart
      plannedEnd
      assessment {
        risk { score level }
        requiredApprovals
      }
    }
  }
}`,
    variables: { key: "db-orders" },
  },
  {
    title: "What does a CI need to run?",
    query: `# What the CI depends on,
# nearest first.
query WhatItNeeds($key: String!) {
  impactAnalysis(
    input: {
      ciKeys: [$key]
      direction: DEPENDENCIES
      maxDepth: 3
    }
  ) {
    impacted {
      configurationItem { key type }
      distance
      reachedThrough
    }
  }
}`,
    variables: { key: "app-checkout" },
  },
  {
    title: "Who am I?",
    query: `# The user and roles of
# this tab's token.
query WhoAmI {
  me { user roles }
}`,
    variables: {},
  },
];
