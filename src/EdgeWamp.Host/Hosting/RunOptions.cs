namespace EdgeWamp.Host.Hosting;

/// <summary>What <c>edgewamp run</c> was asked for on its command line.</summary>
/// <param name="ConfigPath">The <c>--config</c> file, or null to use /etc/edgewamp/config.json or the embedded default.</param>
internal sealed record RunOptions(string? ConfigPath);
