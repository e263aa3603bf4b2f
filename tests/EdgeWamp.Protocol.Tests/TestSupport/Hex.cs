namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>Hex vectors as they are written in RFC 8949 Appendix A and the WAMP test suite (spaces allowed for readability).</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
