using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Local;

/// <summary>
/// Handles one INVOCATION and answers with a result: writes the YIELD payload in CBOR (Arguments, then optionally
/// ArgumentsKw) into <paramref name="result"/> and sets <paramref name="resultCount"/> to how many of the two it wrote.
/// </summary>
/// <returns>null to YIELD the written result, or an error URI to answer with ERROR (the result is then ignored).</returns>
public delegate string? InvocationResultHandler(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount);
