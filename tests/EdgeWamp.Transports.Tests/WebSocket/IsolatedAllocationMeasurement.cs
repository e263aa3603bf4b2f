namespace EdgeWamp.Transports.Tests.WebSocket;

/// <summary>Runs allocation tests apart from every other test class, so other tests' work does not land in the measurement.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedAllocationMeasurement
{
    public const string Name = "isolated allocation measurement";
}
