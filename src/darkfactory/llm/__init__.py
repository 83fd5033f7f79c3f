"""darkfactory.llm: one client over the native APIs of OpenAI (Responses), Anthropic (Messages)
and Gemini (generateContent), plus OpenAI-compatible Chat Completions endpoints.

Layers: ``types``/``errors`` (the contract), ``providers`` (adapters over httpx, SSE, retry),
``client`` (routing and middleware), ``api``/``structured`` (generate, stream, objects, tools).
"""

from __future__ import annotations

from darkfactory.llm.abort import AbortController, AbortSignal, TimeoutConfig
from darkfactory.llm.accumulator import StreamAccumulator
from darkfactory.llm.api import (
    AsyncStreamResult,
    GenerateResult,
    StepResult,
    StreamResult,
    agenerate,
    astream,
    generate,
    stream,
)
from darkfactory.llm.catalog import ModelInfo, get_latest_model, get_model_info, list_models
from darkfactory.llm.client import Client, get_default_client, set_default_client
from darkfactory.llm.errors import (
    AbortError,
    AccessDeniedError,
    AuthenticationError,
    ConfigurationError,
    ContentFilterError,
    ContextLengthError,
    InvalidRequestError,
    InvalidToolCallError,
    NetworkError,
    NoObjectGeneratedError,
    NotFoundError,
    ProviderError,
    QuotaExceededError,
    RateLimitError,
    RequestTimeoutError,
    SDKError,
    ServerError,
    StreamError,
    UnsupportedToolChoiceError,
)
from darkfactory.llm.middleware import Middleware
from darkfactory.llm.providers.anthropic import AnthropicAdapter
from darkfactory.llm.providers.base import AdapterTimeout
from darkfactory.llm.providers.gemini import GeminiAdapter
from darkfactory.llm.providers.openai import OpenAIAdapter
from darkfactory.llm.providers.openai_compat import OpenAICompatibleAdapter
from darkfactory.llm.retry import RetryPolicy, aretry, retry
from darkfactory.llm.structured import (
    agenerate_object,
    astream_object,
    generate_object,
    stream_object,
)
from darkfactory.llm.tools import Tool
from darkfactory.llm.types import (
    AudioData,
    ContentKind,
    ContentPart,
    DocumentData,
    FinishReason,
    ImageData,
    Message,
    RateLimitInfo,
    Request,
    Response,
    ResponseFormat,
    Role,
    StreamEvent,
    StreamEventType,
    ThinkingData,
    ToolCall,
    ToolCallData,
    ToolChoice,
    ToolDefinition,
    ToolResult,
    ToolResultData,
    Usage,
    Warning,
)

__all__ = [
    "AbortController", "AbortError", "AbortSignal", "AccessDeniedError", "AdapterTimeout",
    "AnthropicAdapter", "AsyncStreamResult", "AudioData", "AuthenticationError", "Client",
    "ConfigurationError", "ContentFilterError", "ContentKind", "ContentPart",
    "ContextLengthError", "DocumentData", "FinishReason", "GeminiAdapter", "GenerateResult",
    "ImageData", "InvalidRequestError", "InvalidToolCallError", "Message", "Middleware",
    "ModelInfo", "NetworkError", "NoObjectGeneratedError", "NotFoundError", "OpenAIAdapter",
    "OpenAICompatibleAdapter", "ProviderError", "QuotaExceededError", "RateLimitError",
    "RateLimitInfo", "Request", "RequestTimeoutError", "Response", "ResponseFormat",
    "RetryPolicy", "Role", "SDKError", "ServerError", "StepResult", "StreamAccumulator",
    "StreamError", "StreamEvent", "StreamEventType", "StreamResult", "ThinkingData",
    "TimeoutConfig", "Tool", "ToolCall", "ToolCallData", "ToolChoice", "ToolDefinition",
    "ToolResult", "ToolResultData", "UnsupportedToolChoiceError", "Usage", "Warning",
    "agenerate", "agenerate_object", "aretry", "astream", "astream_object", "generate",
    "generate_object", "get_default_client", "get_latest_model", "get_model_info",
    "list_models", "retry", "set_default_client", "stream", "stream_object",
]
