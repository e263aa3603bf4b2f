using System.Text.Json.Serialization;

namespace EdgeWamp.Transports.Http;

/// <summary>Source-generated JSON for the bridge's few string escapes (no reflection under Native AOT).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class HttpBridgeJson : JsonSerializerContext
{
}
