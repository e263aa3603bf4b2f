using System.Security.Cryptography;

namespace EdgeWamp.Transports.WebSocket;

/// <summary>
/// The WAMP authentication cookie of a WebSocket upgrade (the spec's "cookie" authentication): the value presented in
/// the request's Cookie header, and the new random value issued with Set-Cookie in every 101 response.
/// </summary>
internal static class AuthCookie
{
    // 128 random bits, as 22 base64url characters: unguessable, and a valid cookie-octet sequence (RFC 6265, 4.1.1).
    private const int RandomOctets = 16;
    private const int MaxValueLength = 128;

    /// <summary>The cookie's value from the request's Cookie header fields, if present and well-formed.</summary>
    public static string? Read(IEnumerable<string> cookieHeaders, string name)
    {
        foreach (string header in cookieHeaders)
        {
            foreach (string pair in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && string.Equals(pair[..equals], name, StringComparison.Ordinal))
                {
                    string value = pair[(equals + 1)..];
                    return IsWellFormed(value) ? value : null;
                }
            }
        }

        return null;
    }

    public static string Issue()
    {
        Span<byte> random = stackalloc byte[RandomOctets];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The Set-Cookie header line: HttpOnly (no script reads it), SameSite=Strict, Secure over TLS.</summary>
    public static string SetCookieHeader(string name, string value, bool secure) =>
        $"Set-Cookie: {name}={value}; Path=/; HttpOnly; SameSite=Strict{(secure ? "; Secure" : string.Empty)}";

    private static bool IsWellFormed(string value)
    {
        if (value.Length is 0 or > MaxValueLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}
