using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>The decoder's zero-allocation invariant (STYLE.md, "Allocation asserts").</summary>
public sealed partial class WampHeaderDecoderTests
{
    private const int WarmUpIterations = 1_000;
    private const int MeasuredIterations = 10_000;

    public static TheoryData<WampSerializer, string> HotPathMessages()
    {
        var data = new TheoryData<WampSerializer, string>();
        foreach (WampSerializer serializer in WireFormat.All)
        {
            // CALL and PUBLISH with options, args and kwargs of every kind; JSON additionally with an escaped URI (scratch path).
            data.Add(serializer, """[48,7814135,{"receive_progress":true,"timeout":5000},"com.myapp.add2",[23,-7,1.5,"text",null,[true]],{"k":{"n":"\u0000AQID"}}]""");
            data.Add(serializer, """[16,239714735,{"acknowledge":true,"exclude_me":false},"com.myapp.topic1",["Hello, world!"],{"color":"orange"}]""");

            // Options the validator walks into (lists, forward_for entries, vocabularies), and a Payload Passthru Mode payload.
            data.Add(serializer, """[16,1,{"exclude":[1,2],"eligible_authid":["a"],"forward_for":[{"session":1,"authid":"r","authrole":"router"}],"enc_algo":"cryptobox","enc_serializer":"cbor"},"com.t","\u0000AQID"]""");
        }

        data.Add(WampSerializer.Json, """[16,239714735,{},"com.myapp.\u00fc\"topic\"",["Hello, world!"]]""");
        data.Add(WampSerializer.Json, """[16,1,{"\u0061cknowledge":true,"enc_algo":"\u0063ryptobox"},"com.t",["\u0000AQ\/D"]]""");
        return data;
    }

    [Theory]
    [MemberData(nameof(HotPathMessages))]
    public void TryDecode_HotPathMessageAfterWarmUp_AllocatesNothing(WampSerializer serializer, string json)
    {
        byte[] message = WireFormat.EncodeJson(serializer, json);
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus combined = DecodeStatus.Ok;
        for (int i = 0; i < WarmUpIterations; i++)
        {
            combined |= WampHeaderDecoder.TryDecode(serializer, message, scratch, out _);
        }

        // GC.GetAllocatedBytesForCurrentThread is exact for this thread, so an unchanged count means no allocation at all.
        // Assertions stay outside the loop: they would allocate themselves.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredIterations; i++)
        {
            combined |= WampHeaderDecoder.TryDecode(serializer, message, scratch, out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DecodeStatus.Ok, combined);
        Assert.Equal(0, allocated);
    }

    // UBJSON as UbJsonWriter and other producers write it beyond what the oracle writes: counted and strongly typed
    // containers, no-ops, high-precision numbers (integer and decimal), then Options lookups into the typed entries.
    [Fact]
    public void TryDecode_UbJsonCountedTypedMessageAfterWarmUp_AllocatesNothing()
    {
        // [#5 PUBLISH, N 1, {#2 "acknowledge": T, "exclude": [$l#1 7]}, "com.t", [#3 [$i#2 1 -1], H"-2.5e3", H"18446744073709551615"]]
        byte[] message = Hex.Parse(
            "5b235505" + "5510" + "4e5501" + "7b235502" + "550b61636b6e6f776c6564676554" + "5507" + "6578636c756465" + "5b246c23550100000007"
            + "535505636f6d2e74" + "5b235503" + "5b246923550201ff" + "4855062d322e356533" + "4855143138343436373434303733373039353531363135");
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        int found = 0;
        for (int i = 0; i < WarmUpIterations; i++)
        {
            found += DecodeAndLookUp(message, scratch);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredIterations; i++)
        {
            found += DecodeAndLookUp(message, scratch);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2 * (WarmUpIterations + MeasuredIterations), found);
        Assert.Equal(0, allocated);
    }

    private static int DecodeAndLookUp(byte[] message, byte[] scratch)
    {
        if (WampHeaderDecoder.TryDecode(WampSerializer.UbJson, message, scratch, out MessageHeader header) != DecodeStatus.Ok)
        {
            return 0;
        }

        DetailsReader details = header.DetailsReader;
        return (details.TryGetBoolean("acknowledge"u8, out bool acknowledge) && acknowledge ? 1 : 0)
            + (details.ListContainsUInt64("exclude"u8, 7) ? 1 : 0);
    }
}
