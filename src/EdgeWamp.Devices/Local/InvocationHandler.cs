namespace EdgeWamp.Devices.Local;

/// <summary>
/// Handles one INVOCATION of a procedure a <see cref="LocalSession"/> registered. <paramref name="arguments"/> is the
/// encoded payload (CBOR: Arguments, then ArgumentsKw), <paramref name="count"/> how many of the two are present.
/// </summary>
/// <returns>null to YIELD an empty result, or an error URI to answer with ERROR.</returns>
public delegate string? InvocationHandler(ReadOnlySpan<byte> arguments, int count);
