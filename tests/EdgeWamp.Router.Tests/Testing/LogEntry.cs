using Microsoft.Extensions.Logging;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>One entry the router logged, as <see cref="RecordingLogger"/> keeps it.</summary>
internal sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);
