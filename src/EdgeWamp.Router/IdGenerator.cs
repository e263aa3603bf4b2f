using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Router;

/// <summary>WAMP spec, "Identifiers": global-scope ids are drawn at random from [1, 2^53].</summary>
internal static class IdGenerator
{
    public static ulong NextGlobal() => (ulong)Random.Shared.NextInt64(1, (long)WampHeaderDecoder.MaxId + 1);
}
