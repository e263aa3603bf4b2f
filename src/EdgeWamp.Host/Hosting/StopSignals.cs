using System.Runtime.InteropServices;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// SIGTERM (<c>systemctl stop</c>), SIGINT (Ctrl+C) and SIGQUIT ask the host to stop instead of ending the process
/// at once, so every session gets its GOODBYE and outputs reach their safe state.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(Action requestStop)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];

        void OnSignal(PosixSignalContext context)
        {
            // Cancel the default action (the runtime would exit the process); the host stops and Main returns.
            context.Cancel = true;
            requestStop();
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
