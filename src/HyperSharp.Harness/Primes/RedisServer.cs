using System.Net;
using System.Net.Sockets;
using HyperSharp.Harness.Bench;
using HyperSharp.Processes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// A throwaway <c>redis-server</c> on 127.0.0.1 and a free port, nothing saved (<c>--save '' --appendonly no</c>);
/// disposing it kills it by its process id and reaps it.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Subprocess _process;

    /// <summary>host:port, for clients.</summary>
    public string Endpoint { get; }

    public int ProcessId => _process.Id;

    private RedisServer(Subprocess process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>redis-server on PATH, or null.</summary>
    public static string? Program => PeerLocator.OnPath("redis-server");

    /// <summary>Starts one and waits (up to 10 s) until it accepts connections.</summary>
    public static RedisServer Start()
    {
        string program = Program ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)");
        int port = FreePort();
        Subprocess process = Subprocess.Start(
            [program, "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"]);
        var server = new RedisServer(process, $"127.0.0.1:{port}");
        try
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                }
            }
        }
        catch (SocketException ex)
        {
            server.Dispose();
            throw new InvalidOperationException($"redis-server did not accept connections on port {port} within 10 s: {ex.Message} {process.LastErrorLine}");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => _process.Dispose();
}
