using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// A salted hash of a secret, self-describing as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;</c>
/// (what <c>edgewamp hash-secret</c> prints), so the configuration never holds a ticket itself.
/// </summary>
public sealed class SecretHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations <see cref="Create"/> uses: OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000.</summary>
    public const int DefaultIterations = 600_000;

    // Below this a hash is too cheap to brute-force offline; above the upper bound one check would stall a board.
    public const int MinIterations = 1_000;
    public const int MaxIterations = 10_000_000;
    private const int SaltLength = 16;
    private const int HashLength = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private SecretHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static SecretHash Create(string secret, int iterations = DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltLength);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashLength);
        return new SecretHash(iterations, salt, hash);
    }

    /// <summary>Parses the text form; <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SecretHash? hash, [NotNullWhen(false)] out string? error)
    {
        hash = null;
        string[] parts = text.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            error = $"expected {Scheme}$<iterations>$<salt base64>$<hash base64>, as printed by 'edgewamp hash-secret'";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) || iterations is < MinIterations or > MaxIterations)
        {
            error = $"iterations must be a number from {MinIterations} to {MaxIterations}";
            return false;
        }

        byte[] salt, digest;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            digest = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            error = "the salt and the hash must be Base64";
            return false;
        }

        if (salt.Length < 8 || digest.Length < 16)
        {
            error = "the salt must be at least 8 bytes and the hash at least 16";
            return false;
        }

        hash = new SecretHash(iterations, salt, digest);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="secret"/> is the hashed secret; compares in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> secret)
    {
        byte[] candidate = Rfc2898DeriveBytes.Pbkdf2(secret, _salt, Iterations, HashAlgorithmName.SHA256, _hash.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, _hash);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}");
}
