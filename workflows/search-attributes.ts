import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// The names registered on the server come from search-attributes.server.json (read by the start
// scripts and the test setup); these typed keys must match it.
export const RoundStatusKey = defineSearchAttributeKey('RoundStatus', SearchAttributeType.KEYWORD);
export const ProjectStageKey = defineSearchAttributeKey('ProjectStage', SearchAttributeType.KEYWORD);
export const RoundIdKey = defineSearchAttributeKey('RoundId', SearchAttributeType.KEYWORD);
export const RegionCodeKey = defineSearchAttributeKey('RegionCode', SearchAttributeType.KEYWORD);
export const OrganizationIdKey = defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [RoundStatusKey, ProjectStageKey, RoundIdKey, RegionCodeKey, OrganizationIdKey];
