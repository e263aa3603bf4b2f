namespace EdgeWamp.Devices.Local;

/// <summary>What <see cref="InvocationArguments.TryGet"/> found.</summary>
public enum ArgumentState
{
    Missing,
    NotNumeric,
    Number,
}
