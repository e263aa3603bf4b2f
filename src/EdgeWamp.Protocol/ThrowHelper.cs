using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EdgeWamp.Protocol;

/// <summary>Throws for bugs (never for peer input), out of line so callers stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidPayload() =>
        throw new InvalidOperationException("A payload that passed decoding could not be transcoded.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowFrameLengthOutOfRange(int payloadLength) =>
        throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "A RawSocket frame carries 0 to 2^24 - 1 octets.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowUnknownSerializer(Serialization.WampSerializer serializer) =>
        throw new ArgumentOutOfRangeException(nameof(serializer), serializer, "Unknown serializer.");
}
