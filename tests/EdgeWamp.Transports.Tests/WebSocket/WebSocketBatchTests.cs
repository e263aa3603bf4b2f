using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.Tests.WebSocket;

public sealed class WebSocketBatchTests
{
    [Fact]
    public void TryTakeNext_BinaryBatch_YieldsEachMessageThenEnds()
    {
        ReadOnlySpan<byte> batch = [0, 0, 0, 1, 0xAA, 0, 0, 0, 0, 0, 0, 0, 2, 0xBB, 0xCC];

        Assert.True(WebSocketBatch.TryTakeNext(ref batch, json: false, out ReadOnlySpan<byte> first, out _));
        Assert.Equal([0xAA], first.ToArray());
        Assert.True(WebSocketBatch.TryTakeNext(ref batch, json: false, out ReadOnlySpan<byte> empty, out _));
        Assert.True(empty.IsEmpty);
        Assert.True(WebSocketBatch.TryTakeNext(ref batch, json: false, out ReadOnlySpan<byte> third, out _));
        Assert.Equal([0xBB, 0xCC], third.ToArray());
        Assert.False(WebSocketBatch.TryTakeNext(ref batch, json: false, out _, out bool valid));
        Assert.True(valid);
        Assert.True(WebSocketBatch.IsValidEnd(batch, 3));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 5, 1, 2 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1 })]
    public void TryTakeNext_TruncatedBinaryBatch_IsInvalidAndConsumesNothing(byte[] octets)
    {
        ReadOnlySpan<byte> batch = octets;

        Assert.False(WebSocketBatch.TryTakeNext(ref batch, json: false, out _, out bool valid));
        Assert.False(valid);
        Assert.Equal(octets.Length, batch.Length);
        Assert.False(WebSocketBatch.IsValidEnd(batch, 0));
    }

    [Fact]
    public void TryTakeNext_JsonWithoutFinalSeparator_IsInvalid()
    {
        ReadOnlySpan<byte> batch = "[1]\u001e[2]"u8;

        Assert.True(WebSocketBatch.TryTakeNext(ref batch, json: true, out ReadOnlySpan<byte> first, out _));
        Assert.False(WebSocketBatch.TryTakeNext(ref batch, json: true, out _, out bool valid));

        Assert.Equal("[1]"u8.ToArray(), first.ToArray());
        Assert.False(valid);
        Assert.False(WebSocketBatch.IsValidEnd(batch, 1));
    }

    [Fact]
    public void IsValidEnd_EmptyBatch_IsInvalid() => Assert.False(WebSocketBatch.IsValidEnd([], 0));

    [Theory]
    [InlineData("wamp.2.json", "[1]")]
    [InlineData("wamp.2.json.batched", "[1]\u001e")]
    [InlineData("wamp.2.cbor.batched", "\0\0\0\u0003[1]")]
    public void WriteSingle_FramesForTheProtocol(string name, string expected)
    {
        WebSocketSubprotocol protocol = WebSocketSubprotocol.All.Single(p => p.Name == name);
        byte[] destination = new byte[3 + protocol.FramingOverhead];

        WebSocketBatch.WriteSingle(destination, "[1]"u8, protocol);

        Assert.Equal(System.Text.Encoding.Latin1.GetBytes(expected), destination);
    }

    [Fact]
    public void Select_UnknownOrNotAccepted_IsNull()
    {
        Assert.Null(WebSocketSubprotocol.Select(["wamp.2.flatbuffers", "mqtt"], [WampSerializer.Json]));
        Assert.Null(WebSocketSubprotocol.Select(["wamp.2.cbor"], [WampSerializer.Json]));
        Assert.Equal("wamp.2.json", WebSocketSubprotocol.Select(["wamp.2.cbor", "wamp.2.json"], [WampSerializer.Json])!.Name);
    }
}
