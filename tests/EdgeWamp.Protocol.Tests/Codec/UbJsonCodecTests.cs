using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>
/// What only UBJSON has, through the lookups the router makes itself (<see cref="ArgumentsReader"/>,
/// <see cref="DetailsReader"/>): no-ops between items, and strongly typed containers, whose items carry no marker of their
/// own and so can be read but not sliced out as values.
/// </summary>
public sealed class UbJsonCodecTests
{
    // Arguments [N 5 N {"a": T} [#1 "x"] ], N, ArgumentsKw {#1 "m": {"x": 1}}.
    private static readonly byte[] Untyped = Hex.Parse(
        "5b 4e 5505 4e 7b 550161 54 7d 5b 235501 53550178 5d" + "4e" + "7b 235501 55016d 7b 550178 5501 7d");

    // Arguments [$S#2 "a", "bc"], ArgumentsKw {$T#1 "k"}.
    private static readonly byte[] Typed = Hex.Parse("5b 2453 235502 550161 55026263" + "7b 2454 235501 55016b");

    [Fact]
    public void ArgumentsReader_NoOpsBetweenItems_SkippedEverywhere()
    {
        var arguments = new ArgumentsReader(new EncodedPayload(WampSerializer.UbJson, Untyped, 2));

        Assert.Equal(3, arguments.ArgumentCount);
        Assert.True(arguments.TryGetUInt64(0, out ulong five));
        Assert.Equal(5UL, five);
        Assert.True(arguments.TryGetOptionsMap(1, out DetailsReader options));
        Assert.True(options.TryGetBoolean("a"u8, out bool a) && a);
        Assert.True(arguments.TryGetEncoded(2, out ReadOnlySpan<byte> list));
        Assert.Equal("5b23550153550178", Hex.Format(list));
        Assert.True(arguments.Keywords.TryGetMap("m"u8, out DetailsReader m));
        Assert.True(m.TryGetUInt64("x"u8, out ulong x));
        Assert.Equal(1UL, x);
        Assert.False(arguments.FirstListContainsString("x"u8));
    }

    [Fact]
    public void ArgumentsReader_StronglyTypedArguments_ReadButNotSliced()
    {
        var arguments = new ArgumentsReader(new EncodedPayload(WampSerializer.UbJson, Typed, 2));
        byte[] scratch = new byte[16];

        Assert.Equal(2, arguments.ArgumentCount);
        Assert.True(arguments.TryGetString(1, scratch, out ReadOnlySpan<byte> bc));
        Assert.Equal("bc", Encoding.UTF8.GetString(bc));
        Assert.True(arguments.Keywords.TryGetBoolean("k"u8, out bool k) && k);

        // An item without its marker is not a UBJSON value by itself: refused rather than sliced.
        Assert.False(arguments.TryGetEncoded(0, out _));
        Assert.False(arguments.TryGetOptionsMap(0, out _));
    }

    [Fact]
    public void ArgumentsReader_TrySplit_SeparatesArgumentsAndKeywords()
    {
        var arguments = new ArgumentsReader(new EncodedPayload(WampSerializer.UbJson, Typed, 2));

        Assert.True(arguments.TrySplit(out EncodedPayload args, out EncodedPayload kwargs));
        Assert.Equal("5b2453235502550161550262 63".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(args.Bytes));
        Assert.Equal("7b245423550155016b", Hex.Format(kwargs.Bytes));
        WampValue.AssertEqual(WampValue.Parse("""["a","bc"]"""), WireFormat.Decode(WampSerializer.UbJson, args.Bytes));
    }

    [Fact]
    public void DetailsReader_StronglyTypedMapOfMaps_ValuesReadButMapsNotSliced()
    {
        // {${#1 "roles": {#1 "callee": {} }} and {${#1 ...} with the value read through the element marker.
        var details = new DetailsReader(WampSerializer.UbJson, Hex.Parse("7b 247b 235501 5505726f6c6573 235501 550663616c6c6565 7b7d"));

        Assert.True(details.TryGetKind("roles"u8, out WampValueKind kind));
        Assert.Equal(WampValueKind.Map, kind);
        Assert.False(details.TryGetMap("roles"u8, out _));
    }

    [Fact]
    public void DetailsReader_StronglyTypedValues_ReadThroughTheContainerMarker()
    {
        var booleans = new DetailsReader(WampSerializer.UbJson, Hex.Parse("7b 2454 235502 4e 550b61636b6e6f776c65646765 550a6578636c7564655f6d65"));
        var strings = new DetailsReader(WampSerializer.UbJson, Hex.Parse("7b 2453 235501 55056d61746368 5506707265666978"));
        var lists = new DetailsReader(WampSerializer.UbJson, Hex.Parse("7b 245b 235501 55076578636c756465 246c235502 00000007 00000009"));
        byte[] scratch = new byte[16];

        Assert.True(booleans.TryGetBoolean("acknowledge"u8, out bool acknowledge) && acknowledge);
        Assert.True(booleans.TryGetBoolean("exclude_me"u8, out bool excludeMe) && excludeMe);
        Assert.True(strings.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match));
        Assert.Equal("prefix", Encoding.UTF8.GetString(match));
        Assert.True(lists.ListContainsUInt64("exclude"u8, 9));
        Assert.False(lists.ListContainsUInt64("exclude"u8, 8));
    }
}
