using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// StoredKey and ServerKey from a password (WAMP-SCRAM, "Data Stored on the Server"), for <c>edgewamp hash-secret</c>:
/// SaltedPassword = KDF(password, salt), ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = SHA256(ClientKey),
/// ServerKey = HMAC(SaltedPassword, "Server Key").
/// </summary>
public static class ScramKeys
{
    private const int KeyLength = 32;

    /// <param name="autobahnArgon">
    /// Autobahn|Python's AuthScram keys the HMACs with the Argon2 hash as unpadded Base64 text (as argon2-cffi encodes
    /// it), not the raw bytes the spec names; true derives keys its clients match.
    /// </param>
    public static (byte[] StoredKey, byte[] ServerKey) Derive(string password, ScramKdf kdf, byte[] salt, int iterations, int memory, bool autobahnArgon = false)
    {
        byte[] secret = Encoding.UTF8.GetBytes(password);
        byte[] salted;
        if (kdf == ScramKdf.Pbkdf2)
        {
            salted = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, KeyLength);
        }
        else
        {
            salted = Argon2id(secret, salt, iterations, memory);
            if (autobahnArgon)
            {
                salted = Encoding.ASCII.GetBytes(Convert.ToBase64String(salted).TrimEnd('='));
            }
        }

        byte[] clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return (SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8));
    }

    /// <summary>Argon2id version 1.3, one lane, 32 bytes (WAMP-SCRAM, "Argon2").</summary>
    public static byte[] Argon2id(byte[] password, byte[] salt, int iterations, int memoryKiB)
    {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithIterations(iterations)
            .WithMemoryAsKB(memoryKiB)
            .WithParallelism(1)
            .WithSalt(salt)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        byte[] hash = new byte[KeyLength];
        generator.GenerateBytes(password, hash);
        return hash;
    }
}
