namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    /// <summary>The board file loads and is valid, and the <c>devices</c> section's entries are valid.</summary>
    private void CheckDevices(EdgeWampConfig config)
    {
        if (!string.IsNullOrWhiteSpace(config.Board) && !BoardLoader.TryLoad(config.Board, out _, out IReadOnlyList<ConfigError> boardErrors))
        {
            foreach (ConfigError error in boardErrors)
            {
                // A board that cannot be found is one message; an error inside a board file keeps its own location.
                bool whole = error.Path == JsonPath.Root && !error.Position.IsKnown;
                Error("$.board", whole
                    ? (BoardLoader.IsPath(config.Board) ? $"board file {config.Board}: {error.Message}" : error.Message)
                    : $"in the board file: {error}");
            }
        }

        DevicesConfig devices = config.Devices;
        var errors = new List<ValidationError>();
        DeviceEntryRules.CheckEntries(devices.Pins, devices.Sensors, "$.devices", errors);
        foreach (ValidationError error in errors)
        {
            Error(error.Path, error.Message);
        }

        if (devices.Realm is { } realm && !config.Realms.Any(candidate => candidate.Name == realm))
        {
            Error("$.devices.realm", $"no realm named '{realm}' in 'realms'");
        }

        SystemMetricsConfig system = devices.System;
        if (system.PollIntervalMs is < DeviceEntryRules.MinPollIntervalMs or > DeviceEntryRules.MaxPollIntervalMs)
        {
            Error("$.devices.system.pollIntervalMs", $"{system.PollIntervalMs} is out of range; use {DeviceEntryRules.MinPollIntervalMs} to {DeviceEntryRules.MaxPollIntervalMs} ms");
        }

        errors.Clear();
        DeviceEntryRules.CheckPublishing(system.Threshold, system.Thresholds, system.PublishEverySeconds, "$.devices.system", errors);
        foreach (ValidationError error in errors)
        {
            Error(error.Path, error.Message);
        }

        CheckNotEmpty(devices.SysfsRoot, "$.devices.sysfsRoot", "the sysfs root");
        CheckNotEmpty(devices.ProcRoot, "$.devices.procRoot", "the proc root");
        CheckNotEmpty(system.DiskPath, "$.devices.system.diskPath", "the disk path");
    }
}
