namespace EdgeWamp.Fuzz;

/// <summary>A target answered bad input without an exception, but wrongly (e.g. a frame longer than the limit).</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Fail(string message) => throw new FuzzInvariantException(message);
}
