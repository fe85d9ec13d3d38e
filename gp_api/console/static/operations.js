// Every GraphQL operation the console sends, in one place: tests/test_console.py extracts each
// document from this file (the shared selections below are the only interpolations) and
// validates it against the server's schema. Each operation is named after its key.

const TRANSITION = `
  trigger toState allowed blockers reasonRequired mutation requiredRole
  deviations { kind description blocker }`;

const HISTORY = `
  history(last: 50) {
    totalCount
    edges { node {
      id workflow fromState toState trigger by reason at sourceUrl
      onBehalfOf { id name }
      deviations { kind transition stage guard description blocker }
    } }
  }`;

const SUBJECT_NAME = `
  subject {
    id
    ... on CoordinationBody { name }
    ... on AgendaItem { title }
    ... on Resolution { title }
    ... on Commitment { title }
  }`;

const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount`;

export const ops = {
  Viewer: `query Viewer { viewer { name role actor { id name kind } } }`,

  Workflows: `query Workflows {
    workflows {
      name version subjectType description milestones
      states { name initial milestone }
      transitions { trigger fromStates toStates reasonRequired mutation guards { name description deviable } }
    }
  }`,

  Plan: `query Plan {
    partnership { planStepsTotal planStepsAchieved bodiesByState { state count } }
    planSteps {
      id key position title description targetType targetState achievedAt status
      evidence { subjectType subjectId fromState toState trigger at sourceUrl
        deviations { kind description blocker } }
      deviations { kind transition stage guard description blocker }
    }
  }`,

  Bodies: `query Bodies($states: [BodyState!], $search: String, $first: Int, $after: String, $last: Int, $before: String) {
    coordinationBodies(states: $states, search: $search, first: $first, after: $after, last: $last, before: $before) {
      ${PAGE}
      edges { cursor node { id name state version hubs foundedOn } }
    }
  }`,

  AgendaItems: `query AgendaItems($states: [AgendaItemState!], $sessions: [Int!], $search: String, $first: Int, $after: String, $last: Int, $before: String) {
    agendaItems(states: $states, sessions: $sessions, search: $search, first: $first, after: $after, last: $last, before: $before) {
      ${PAGE}
      edges { cursor node { id title session itemNumber state version origin } }
    }
  }`,

  Resolutions: `query Resolutions($states: [ResolutionState!], $kinds: [DraftKind!], $search: String, $first: Int, $after: String, $last: Int, $before: String) {
    resolutions(states: $states, kinds: $kinds, search: $search, first: $first, after: $after, last: $last, before: $before) {
      ${PAGE}
      edges { cursor node { id title kind state version symbol draftSymbol } }
    }
  }`,

  Commitments: `query Commitments($states: [CommitmentState!], $actorIds: [ID!], $search: String, $first: Int, $after: String, $last: Int, $before: String) {
    commitments(states: $states, actorIds: $actorIds, search: $search, first: $first, after: $after, last: $last, before: $before) {
      ${PAGE}
      edges { cursor node { id title state version dueOn actor { id name } } }
    }
  }`,

  Search: `query Search($search: String!) {
    coordinationBodies(search: $search, first: 10) { totalCount edges { node { id name state } } }
    actors(search: $search, first: 10) { totalCount edges { node { id name kind } } }
    documents(search: $search, first: 10) { totalCount edges { node { id symbol title } } }
  }`,

  Subject: `query Subject($id: ID!) {
    node(id: $id) {
      __typename id
      ... on WorkflowSubject {
        version
        availableTransitions { ${TRANSITION} }
        ${HISTORY}
      }
      ... on CoordinationBody {
        name state hubs mandate mandateSymbol foundedOn sourceUrl confidence
        members { totalCount edges { node { id role since actor { id name kind } } } }
        meetings(last: 10) { edges { node { id title status startsAt outcome } } }
      }
      ... on AgendaItem {
        title session itemNumber agendaState: state origin list topics sourceUrl confidence
        proposer { id name }
      }
      ... on Resolution {
        title kind resolutionState: state symbol draftSymbol submittedOn adoptedOn sourceUrl confidence
        agendaItem { id title }
      }
      ... on Commitment {
        title description commitmentState: state determinants pillars dueOn startsOn evidence sourceUrl confidence
        actor { id name }
      }
    }
  }`,

  Actors: `query Actors($kinds: [ActorKind!], $search: String) {
    actors(kinds: $kinds, search: $search, first: 20) { edges { node { id name kind } } }
  }`,

  Advance: `mutation Advance($input: AdvanceWorkflowInput!) {
    advanceWorkflow(input: $input) {
      subject { id ... on WorkflowSubject { version } }
      event { id cursor type }
      userErrors { code message field }
    }
  }`,

  CreateBody: `mutation CreateBody($input: CreateCoordinationBodyInput!) {
    createCoordinationBody(input: $input) {
      coordinationBody { id name }
      userErrors { code message field }
    }
  }`,

  UpdateBody: `mutation UpdateBody($input: UpdateCoordinationBodyInput!) {
    updateCoordinationBody(input: $input) {
      coordinationBody { id mandate mandateSymbol }
      userErrors { code message field }
    }
  }`,

  AddMember: `mutation AddMember($input: AddMembershipInput!) {
    addMembership(input: $input) {
      membership { id }
      userErrors { code message field }
    }
  }`,

  ScheduleMeeting: `mutation ScheduleMeeting($input: ScheduleMeetingInput!) {
    scheduleMeeting(input: $input) {
      meeting { id }
      userErrors { code message field }
    }
  }`,

  MeetingHeld: `mutation MeetingHeld($input: RecordMeetingHeldInput!) {
    recordMeetingHeld(input: $input) {
      meeting { id status outcome }
      userErrors { code message field }
    }
  }`,

  RecentMilestones: `query RecentMilestones {
    events(milestone: true, last: 20) {
      edges { node { id cursor type occurredAt subjectType subjectId by data ${SUBJECT_NAME} } }
    }
  }`,

  Milestones: `subscription Milestones($after: String) {
    milestones(after: $after) { id cursor type occurredAt subjectType subjectId by data ${SUBJECT_NAME} }
  }`,

  Tokens: `query Tokens($includeRevoked: Boolean!, $first: Int, $after: String) {
    apiTokens(includeRevoked: $includeRevoked, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } totalCount
      edges { node { id name role prefix createdAt expiresAt lastUsedAt revokedAt actor { id name } } }
    }
  }`,

  CreateToken: `mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      apiToken { id name role prefix }
      secret
      userErrors { code message field }
    }
  }`,

  RevokeToken: `mutation RevokeToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      apiToken { id revokedAt }
      userErrors { code message field }
    }
  }`,

  Webhooks: `query Webhooks {
    webhookEndpoints(first: 100) {
      edges { node { id url description eventTypes workflows enabled createdAt } }
    }
  }`,

  CreateWebhook: `mutation CreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      webhookEndpoint { id url }
      secret
      userErrors { code message field }
    }
  }`,

  UpdateWebhook: `mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      webhookEndpoint { id enabled }
      userErrors { code message field }
    }
  }`,

  DeleteWebhook: `mutation DeleteWebhook($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      userErrors { code message field }
    }
  }`,

  Deliveries: `query Deliveries($statuses: [DeliveryStatus!], $endpointId: ID, $first: Int, $after: String) {
    webhookDeliveries(statuses: $statuses, endpointId: $endpointId, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } totalCount
      edges { node {
        id status attemptCount nextAttemptAt deliveredAt
        event { id type occurredAt }
        endpoint { id url }
        attempts { attemptedAt statusCode durationMs error }
      } }
    }
  }`,

  Redeliver: `mutation Redeliver($input: RedeliverWebhookInput!) {
    redeliverWebhook(input: $input) {
      webhookDelivery { id status }
      userErrors { code message field }
    }
  }`,

  Audit: `query Audit($principalId: String, $tokenId: ID, $subjectId: ID, $types: [String!], $since: DateTime, $until: DateTime, $first: Int, $after: String) {
    auditLog(principalId: $principalId, tokenId: $tokenId, subjectId: $subjectId, types: $types, since: $since, until: $until, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } totalCount
      edges { node { id type occurredAt subjectType subjectId by principalId data } }
    }
  }`,
};
