namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The semantic checks that the JSON shape alone cannot express: names valid and unique, references that
/// resolve, values in range. Reports every problem by JSONPath; the loader turns paths into lines and columns.
/// </summary>
internal sealed partial class ConfigValidator
{
    /// <summary>RawSocket's smallest maximum message length, 2^9 (length exponent 0 in its handshake).</summary>
    public const int MinMessageSize = 512;

    /// <summary>RawSocket's largest maximum message length, 2^24 (length exponent 15 in its handshake).</summary>
    public const int MaxMessageSize = 16 * 1024 * 1024;

    private readonly List<ValidationError> _errors = [];

    private ConfigValidator()
    {
    }

    public static IReadOnlyList<ValidationError> Validate(EdgeWampConfig config)
    {
        var validator = new ConfigValidator();
        validator.CheckBoard(config.Board);
        var roles = validator.CheckRealms(config.Realms);
        validator.CheckAuthentication(config.Authentication, roles);
        validator.CheckListeners(config.Listeners);
        validator.CheckSerialListeners(config.Listeners, config.Realms);
        validator.CheckUplinks(config.Uplinks);
        validator.CheckUplinkLocalRealms(config.Uplinks, config.Realms);
        validator.CheckLimits(config.Limits);
        validator.CheckSessionLimits(config.Limits);
        validator.CheckListenerLimits(config.Listeners);
        validator.CheckDevices(config);
        validator.CheckInProcessRoles(config);
        return validator._errors;
    }

    private void Error(string path, string message) => _errors.Add(new ValidationError(path, message));

    private void CheckBoard(string board)
    {
        if (string.IsNullOrWhiteSpace(board))
        {
            Error("$.board", "the board must not be empty; use \"sim\" for the simulated board");
        }
    }

    private void CheckLimits(LimitsConfig limits)
    {
        if (limits.MaxMessageSize is < MinMessageSize or > MaxMessageSize)
        {
            Error("$.limits.maxMessageSize", $"{limits.MaxMessageSize} is out of range; RawSocket allows {MinMessageSize} to {MaxMessageSize} bytes");
        }

        if (limits.MaxSessions < 1)
        {
            Error("$.limits.maxSessions", $"{limits.MaxSessions} is out of range; at least 1 session is needed");
        }

        if (limits.MaxOutboxBytes < limits.MaxMessageSize)
        {
            Error("$.limits.maxOutboxBytes", $"{limits.MaxOutboxBytes} is smaller than maxMessageSize ({limits.MaxMessageSize}); an outbox must hold at least one message");
        }

        if (limits.AuthFailureLimit < 0)
        {
            Error("$.limits.authFailureLimit", $"{limits.AuthFailureLimit} is out of range; use 0 to turn throttling off");
        }

        if (limits.AuthFailureWindowSeconds < 1)
        {
            Error("$.limits.authFailureWindowSeconds", $"{limits.AuthFailureWindowSeconds} is out of range; at least 1 second");
        }

        if (limits.AuthFailureCooldownSeconds < 1)
        {
            Error("$.limits.authFailureCooldownSeconds", $"{limits.AuthFailureCooldownSeconds} is out of range; at least 1 second");
        }

        if (limits.AuthChallengeTimeoutSeconds < 1)
        {
            Error("$.limits.authChallengeTimeoutSeconds", $"{limits.AuthChallengeTimeoutSeconds} is out of range; at least 1 second");
        }

        if (limits.AuthFailureMaxAddresses < 1)
        {
            Error("$.limits.authFailureMaxAddresses", $"{limits.AuthFailureMaxAddresses} is out of range; at least 1 address");
        }
    }

    /// <summary>Reports each item of <paramref name="values"/> that is not in <paramref name="known"/>, and an empty list.</summary>
    private void CheckKnownItems(IReadOnlyList<string> values, IReadOnlyList<string> known, string path, string what)
    {
        if (values.Count == 0)
        {
            Error(path, $"at least one {what} is required; choose from: {string.Join(", ", known)}");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i]))
            {
                Error($"{path}[{i}]", $"unknown {what} '{values[i]}'; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    private void CheckNotEmpty(string value, string path, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(path, $"{what} must not be empty");
        }
    }
}
