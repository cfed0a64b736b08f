import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/**
 * Temporal's JSON history form (what `historyToJSON` and `temporal workflow show -o json`
 * write), read and written with the protobufjs copy that @temporalio/proto itself loaded.
 *
 * Why not `historyToJSON`/`historyFromJSON` of @temporalio/common 1.24: in this install npm keeps
 * three copies of protobufjs 8 (under @temporalio/common, /proto and /worker, because
 * @grpc/proto-loader hoists protobufjs 7 to the top), so their `instanceof Type` check fails with
 * "type must be a Type". The replay worker calls historyFromJSON on any history whose eventId is
 * a string, so histories are decoded here and handed over as protobuf objects.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export type History = proto.temporal.api.history.v1.IHistory;

export function historyToJSONObject(history: History): unknown {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

export function historyFromJSONObject(json: unknown): proto.temporal.api.history.v1.History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.History;
}
