namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // An Ed25519 public key is 32 bytes, written as 64 hex digits (WAMP Advanced Profile, "WAMP-Cryptosign").
    private const int Ed25519PublicKeyHexLength = 64;

    // A SHA-256 certificate thumbprint is 32 bytes, written as 64 hex digits.
    private const int Sha256HexLength = 64;

    private void CheckAuthentication(AuthenticationConfig authentication, Dictionary<string, HashSet<string>> roles)
    {
        const string Root = "$.authentication";
        for (var i = 0; i < authentication.Anonymous.Count; i++)
        {
            var entry = authentication.Anonymous[i];
            CheckGrant(entry.Realm, entry.Role, $"{Root}.anonymous[{i}]", roles);
        }

        var ticketIds = new HashSet<(string, string)>();
        for (var i = 0; i < authentication.Ticket.Count; i++)
        {
            var entry = authentication.Ticket[i];
            var path = $"{Root}.ticket[{i}]";
            CheckPrincipal(entry.AuthId, entry.Realm, entry.Role, path, roles, ticketIds);
            CheckNotEmpty(entry.SecretHash, $"{path}.secretHash", "secretHash");
            if (!string.IsNullOrEmpty(entry.SecretHash) && !Router.Authentication.SecretHash.TryParse(entry.SecretHash, out _, out string? hashError))
            {
                Error($"{path}.secretHash", hashError);
            }
        }

        var craIds = new HashSet<(string, string)>();
        for (var i = 0; i < authentication.WampCra.Count; i++)
        {
            var entry = authentication.WampCra[i];
            var path = $"{Root}.wampcra[{i}]";
            CheckPrincipal(entry.AuthId, entry.Realm, entry.Role, path, roles, craIds);
            CheckNotEmpty(entry.Secret, $"{path}.secret", "secret");
            if (entry.Iterations < 1)
            {
                Error($"{path}.iterations", $"{entry.Iterations} is out of range; at least 1 iteration is needed");
            }

            if (entry.KeyLength < 1)
            {
                Error($"{path}.keylen", $"{entry.KeyLength} is out of range; a key needs at least 1 byte");
            }
        }

        var cryptosignIds = new HashSet<(string, string)>();
        for (var i = 0; i < authentication.Cryptosign.Count; i++)
        {
            var entry = authentication.Cryptosign[i];
            var path = $"{Root}.cryptosign[{i}]";
            CheckPrincipal(entry.AuthId, entry.Realm, entry.Role, path, roles, cryptosignIds);
            CheckPublicKeys(entry.PublicKeys, $"{path}.publicKeys");
        }

        var scramIds = new HashSet<(string, string)>();
        for (var i = 0; i < authentication.Scram.Count; i++)
        {
            var entry = authentication.Scram[i];
            var path = $"{Root}.scram[{i}]";
            CheckPrincipal(entry.AuthId, entry.Realm, entry.Role, path, roles, scramIds);
            CheckScram(entry, path);
        }

        for (var i = 0; i < authentication.Jwt.Count; i++)
        {
            CheckJwt(authentication.Jwt[i], $"{Root}.jwt[{i}]", roles);
        }

        var dynamicRealms = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < authentication.Dynamic.Count; i++)
        {
            CheckDynamic(authentication.Dynamic[i], $"{Root}.dynamic[{i}]", roles, dynamicRealms);
        }

        if (authentication.Cookie.MaxAgeSeconds < 1)
        {
            Error($"{Root}.cookie.maxAgeSeconds", $"{authentication.Cookie.MaxAgeSeconds} is out of range; at least 1 second");
        }

        if (authentication.Cookie.MaxEntries < 0)
        {
            Error($"{Root}.cookie.maxEntries", $"{authentication.Cookie.MaxEntries} is out of range; use 0 to remember no cookie");
        }

        var tlsIds = new HashSet<(string, string)>();
        for (var i = 0; i < authentication.Tls.Count; i++)
        {
            var entry = authentication.Tls[i];
            var path = $"{Root}.tls[{i}]";
            CheckPrincipal(entry.AuthId, entry.Realm, entry.Role, path, roles, tlsIds);
            if (entry.Thumbprint is { } thumbprint && (thumbprint.Length != Sha256HexLength || !thumbprint.All(char.IsAsciiHexDigit)))
            {
                Error($"{path}.thumbprint", $"a SHA-256 thumbprint is {Sha256HexLength} hex digits");
            }
        }
    }

    private void CheckDynamic(DynamicAuthEntry entry, string path, Dictionary<string, HashSet<string>> roles, HashSet<string> dynamicRealms)
    {
        if (!roles.ContainsKey(entry.Realm))
        {
            Error($"{path}.realm", $"realm '{entry.Realm}' is not defined in $.realms");
        }
        else if (!dynamicRealms.Add(entry.Realm))
        {
            Error($"{path}.realm", $"realm '{entry.Realm}' already has a dynamic authenticator; one per realm");
        }

        if (entry.AuthenticatorRealm is { } authenticatorRealm && !roles.ContainsKey(authenticatorRealm))
        {
            Error($"{path}.authenticatorRealm", $"realm '{authenticatorRealm}' is not defined in $.realms");
        }

        if (!Router.Uris.WampUriValidator.IsValid(System.Text.Encoding.UTF8.GetBytes(entry.Procedure)) || entry.Procedure.StartsWith("wamp.", StringComparison.Ordinal))
        {
            Error($"{path}.procedure", $"'{entry.Procedure}' is not a valid procedure URI (and must not start with 'wamp.')");
        }

        if (entry.Methods.Count == 0)
        {
            Error($"{path}.methods", "at least one method is required; only 'ticket' is supported");
        }

        for (var i = 0; i < entry.Methods.Count; i++)
        {
            if (entry.Methods[i] != ConfigVocabulary.AuthTicket)
            {
                Error($"{path}.methods[{i}]", $"'{entry.Methods[i]}' is not supported by dynamic authenticators; only 'ticket' is");
            }
        }

        if (entry.TimeoutMs is < 1 or > 60000)
        {
            Error($"{path}.timeoutMs", $"{entry.TimeoutMs} is out of range; 1 to 60000 milliseconds");
        }
    }

    private void CheckJwt(JwtAuthEntry entry, string path, Dictionary<string, HashSet<string>> roles)
    {
        CheckNotEmpty(entry.Issuer, $"{path}.issuer", "issuer");
        CheckNotEmpty(entry.Audience, $"{path}.audience", "audience");
        CheckNotEmpty(entry.AuthidClaim, $"{path}.authidClaim", "authidClaim");
        if (!roles.TryGetValue(entry.Realm, out var realmRoles))
        {
            Error($"{path}.realm", $"realm '{entry.Realm}' is not defined in $.realms");
        }
        else if (entry.Role is { } role && !realmRoles.Contains(role))
        {
            Error($"{path}.role", $"role '{role}' is not defined in realm '{entry.Realm}'");
        }

        if (entry.Role is null && entry.RoleClaim is null)
        {
            Error(path, "set role, roleClaim or both: a token needs a role");
        }

        if (entry.ClockSkewSeconds is < 0 or > 600)
        {
            Error($"{path}.clockSkewSeconds", $"{entry.ClockSkewSeconds} is out of range; 0 to 600 seconds");
        }

        if (entry.Keys.Count == 0)
        {
            Error($"{path}.keys", "at least one key is required");
        }

        for (var i = 0; i < entry.Keys.Count; i++)
        {
            var key = entry.Keys[i];
            if (Hosting.RouterFactory.ParseJwtAlgorithm(key.Alg) is not { } algorithm)
            {
                Error($"{path}.keys[{i}].alg", $"unknown algorithm '{key.Alg}'; expected one of: {string.Join(", ", ConfigVocabulary.JwtAlgorithms)}");
            }
            else if (Router.Authentication.JwtIssuerKey.FromPem(algorithm, key.PublicKey, key.Kid, out string? keyError) is null)
            {
                Error($"{path}.keys[{i}].publicKey", keyError!);
            }
        }
    }

    private void CheckScram(ScramAuthEntry entry, string path)
    {
        if (!ConfigVocabulary.ScramKdfs.Contains(entry.Kdf))
        {
            Error($"{path}.kdf", $"unknown kdf '{entry.Kdf}'; expected one of: {string.Join(", ", ConfigVocabulary.ScramKdfs)}");
        }

        if (entry.Iterations < 1)
        {
            Error($"{path}.iterations", $"{entry.Iterations} is out of range; at least 1 iteration is needed");
        }

        // Argon2 needs at least 8 KiB per lane (RFC 9106, section 3.1); WAMP-SCRAM fixes one lane.
        if (entry.Kdf == ConfigVocabulary.ScramKdfArgon2id && entry.Memory < 8)
        {
            Error($"{path}.memory", $"{entry.Memory} is out of range; argon2id13 needs at least 8 KiB");
        }

        CheckBase64(entry.Salt, $"{path}.salt", minLength: 8);
        CheckBase64(entry.StoredKey, $"{path}.storedKey", minLength: 32, exactLength: 32);
        CheckBase64(entry.ServerKey, $"{path}.serverKey", minLength: 32, exactLength: 32);
    }

    private void CheckBase64(string text, string path, int minLength, int exactLength = 0)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            Error(path, "must be Base64");
            return;
        }

        if (bytes.Length < minLength || (exactLength > 0 && bytes.Length != exactLength))
        {
            Error(path, exactLength > 0 ? $"must be Base64 of {exactLength} bytes" : $"must be Base64 of at least {minLength} bytes");
        }
    }

    private void CheckPrincipal(
        string authId, string realm, string role, string path, Dictionary<string, HashSet<string>> roles, HashSet<(string, string)> seen)
    {
        if (string.IsNullOrWhiteSpace(authId))
        {
            Error($"{path}.authid", "authid must not be empty");
        }
        else if (!seen.Add((authId, realm)))
        {
            Error($"{path}.authid", $"duplicate authid '{authId}' for realm '{realm}' in this method");
        }

        CheckGrant(realm, role, path, roles);
    }

    private void CheckGrant(string realm, string role, string path, Dictionary<string, HashSet<string>> roles)
    {
        if (!roles.TryGetValue(realm, out var realmRoles))
        {
            Error($"{path}.realm", $"realm '{realm}' is not defined in $.realms");
        }
        else if (!realmRoles.Contains(role))
        {
            Error($"{path}.role", $"role '{role}' is not defined in realm '{realm}'");
        }
    }

    private void CheckPublicKeys(IReadOnlyList<string> keys, string path)
    {
        if (keys.Count == 0)
        {
            Error(path, "at least one public key is required");
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].Length != Ed25519PublicKeyHexLength || !keys[i].All(char.IsAsciiHexDigit))
            {
                Error($"{path}[{i}]", $"an Ed25519 public key is {Ed25519PublicKeyHexLength} hex digits");
            }
        }
    }
}
