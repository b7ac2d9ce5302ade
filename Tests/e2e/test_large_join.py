"""A join to a table larger than a client's send queue succeeds (issue 14, item 3): the
`joined` message may exceed `sendQueueBytes` on its own, up to `maxSingleMessageBytes`."""
import asyncio
import random

from tavolo_client import TableClient


def test_a_join_larger_than_the_send_queue_succeeds(start_server):
    server = start_server("--send-queue-bytes", "1000000")

    async def scenario():
        writer = TableClient(server.ws_url, "anna", "tavolo-grande")
        await writer.connect()
        writer.make_text()
        rng = random.Random(7)
        for _ in range(50):  # 50 × 9,000 random four-byte characters: about 1.8 MB that does not compress
            writer.insert(len(writer.text), "".join(chr(rng.randint(0x20000, 0x2A6DF)) for _ in range(9000)))
            await writer.flush()
            await writer.expect("ack")
        late = TableClient(server.ws_url, "bruno", "tavolo-grande")
        joined = await late.connect()
        await writer.close()
        await late.close()
        return joined, writer.count

    joined, count = asyncio.run(asyncio.wait_for(scenario(), 120))
    assert joined["version"]["anna"] == count
    assert len(joined.get("snapshot") or joined.get("ops")) > 1_000_000
