using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Router.Authentication;

/// <summary>A principal that authenticates with WAMP-CRA, plain (the secret is the key) or salted (PBKDF2).</summary>
public sealed class WampCraPrincipal : Principal
{
    private byte[]? _key;

    public required string Secret { get; init; }

    /// <summary>The PBKDF2 salt; null for plain WAMP-CRA.</summary>
    public string? Salt { get; init; }

    /// <remarks>Defaults to 1000, Autobahn's default.</remarks>
    public int Iterations { get; init; } = 1000;

    /// <remarks>Defaults to 32, Autobahn's default.</remarks>
    public int KeyLength { get; init; } = 32;

    /// <summary>
    /// The HMAC key (WAMP spec, "Password Salting"): the secret's UTF-8 bytes, or with a salt the Base64 text of
    /// PBKDF2-HMAC-SHA256(secret, salt, iterations, keylen), which is what clients derive. Computed once, off the reader.
    /// </summary>
    internal byte[] Key => _key ??= DeriveKey();

    private byte[] DeriveKey()
    {
        byte[] secret = Encoding.UTF8.GetBytes(Secret);
        if (Salt is null)
        {
            return secret;
        }

        byte[] derived = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.UTF8.GetBytes(Salt), Iterations, HashAlgorithmName.SHA256, KeyLength);
        return Encoding.ASCII.GetBytes(Convert.ToBase64String(derived));
    }
}
