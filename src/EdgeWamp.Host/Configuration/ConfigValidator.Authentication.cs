namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // An Ed25519 public key is 32 bytes, written as 64 hex digits (WAMP Advanced Profile, "WAMP-Cryptosign").
    private const int Ed25519PublicKeyHexLength = 64;

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
