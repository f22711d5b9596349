// The ops library, for other workspace tools: read a release, diagnose it, size it, serve it over MCP.
export { runDoctor, formatReport, type DoctorReport } from './doctor/doctor.js';
export type { Finding } from './doctor/finding.js';
export { loadKubeConfig } from './kube/client.js';
export { readSnapshot, type ClusterSnapshot } from './kube/snapshot.js';
export { targetFrom, TARGET_OPTIONS, TARGET_USAGE, type OpsTarget } from './kube/target.js';
export { createOpsServer } from './mcp/server.js';
export { runRecommend } from './recommend/run.js';
export { valuesPatch } from './recommend/values-patch.js';
