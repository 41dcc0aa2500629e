"""A local Telegram Bot API peer that keeps Telegram's delivery guarantees, for chaos tests.

Unlike the npm emulator (tests/bot/tgpeer), getUpdates keeps an update until a later offset
confirms it, long polling answers as soon as an update arrives, and a webhook delivery is retried
until the bot answers 2xx. Every call and every send is logged with a sequence number, so a test
can count lost, repeated and doubly handled updates. README.md tells how to run and drive it.

Methods: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo (updates.py); sendMessage,
sendPhoto, editMessageText, editMessageReplyMarkup, answerCallbackQuery, sendChatAction, getChat,
getFile, setMyCommands, getMyCommands, deleteMyCommands, logOut, close (methods.py).

    server.py    the HTTP server, PeerThread, running_peer(), peer_process()
    control.py   the test's side: /control/<action>
    client.py    PeerClient and Person, the Python client of the control API
    fixtures.py  pytest fixtures botapi_url and botapi_peer
"""
