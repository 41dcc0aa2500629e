"""The WeCom (企业微信) channel: app callbacks and messages, 微信客服, group robots, 居民上报."""
