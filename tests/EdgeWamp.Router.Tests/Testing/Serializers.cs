using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>Theory data: the main flows run in every serializer, and transcoding in every pair of them.</summary>
internal static class Serializers
{
    public static readonly WampSerializer[] Each = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor];

    public static TheoryData<WampSerializer> All => [.. Each];

    /// <summary>Every (sender, receiver) pair, the same serializer included.</summary>
    public static TheoryData<WampSerializer, WampSerializer> Pairs
    {
        get
        {
            var data = new TheoryData<WampSerializer, WampSerializer>();
            foreach (WampSerializer from in Each)
            {
                foreach (WampSerializer to in Each)
                {
                    data.Add(from, to);
                }
            }

            return data;
        }
    }
}
